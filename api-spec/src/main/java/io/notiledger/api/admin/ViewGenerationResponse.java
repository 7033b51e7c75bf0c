package io.notiledger.api.admin;

/**
 * One view's generations and the rebuild that runs, if any.
 *
 * @param view               {@code status}, {@code audit} or {@code stats}
 * @param processingGroup    the view's processing group, as {@code /v1/views/lag} names it
 * @param liveGeneration     the generation reads are answered from (0: the view's first collections)
 * @param buildingGeneration the generation a rebuild is building, or null when none runs
 * @param phase              {@code BUILDING} or {@code HANDING_OVER} while a rebuild runs, else null
 * @param eventsDone         events of the topic the rebuild has applied
 * @param eventsTotal        events in the topic, as last measured
 * @param eventsPerSecond    the rebuild's rate over its last second or so
 * @param operator           the API key id of the operator who started the latest rebuild
 * @param lastError          why the latest rebuild ended without switching, or null
 */
public record ViewGenerationResponse(String view, String processingGroup, int liveGeneration, Integer buildingGeneration, String phase,
                                     long eventsDone, long eventsTotal, double eventsPerSecond, String operator,
                                     String lastError) {
}
