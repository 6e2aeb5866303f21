package io.tweetstream.archfixture.adapter.spark;

import io.tweetstream.archfixture.application.service.PipelineService;

/** Fixture violation: an engine runs the service class instead of its in-port. */
public class SparkRunningTheService {
    public int run(PipelineService service) {
        return service.process();
    }
}
