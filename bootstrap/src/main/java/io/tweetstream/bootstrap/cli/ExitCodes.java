package io.tweetstream.bootstrap.cli;

/** What the process tells its caller. */
final class ExitCodes {

    static final int OK = 0;
    /**
     * Something was not delivered: the pipeline failed (a batch could not be delivered; its offsets were not
     * committed), or {@code produce} or the demo's generator had records refused.
     */
    static final int PIPELINE_FAILED = 1;
    /** Bad usage or configuration: nothing was started. */
    static final int BAD_CONFIGURATION = 2;

    private ExitCodes() {
    }
}
