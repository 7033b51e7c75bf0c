package io.notiledger.projections.rebuild;

/**
 * A view processor's batch was about to write a generation that is no longer (or, during a hand-over, not yet)
 * the one it should write: the batch fails before writing anything and the processor handles it again.
 */
public class ViewGenerationChangingException extends RuntimeException {

    public ViewGenerationChangingException(String message) {
        super(message, null, false, false);
    }
}
