package io.tweetstream.application.lifecycle;

/** The engine stopped because a batch could not be processed or delivered; its offsets were not committed. */
public class PipelineFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PipelineFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
