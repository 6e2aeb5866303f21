package io.tweetstream.archfixture.application.service;

/** Fixture: the application service behind the in-port. */
public class PipelineService {
    public int process() {
        return 0;
    }
}
