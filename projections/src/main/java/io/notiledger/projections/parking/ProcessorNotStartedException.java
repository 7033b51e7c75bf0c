package io.notiledger.projections.parking;

/** A view's processor has not started (yet, or no more), so its parked events cannot be retried now. */
public class ProcessorNotStartedException extends IllegalStateException {

    public ProcessorNotStartedException(String group) {
        super("The processor of " + group + " has not started");
    }
}
