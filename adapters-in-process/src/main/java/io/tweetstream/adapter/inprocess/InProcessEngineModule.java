package io.tweetstream.adapter.inprocess;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.PipelineMetrics;

/** Binds the in-process engine (plain kafka-clients, no Spark): {@code engine=in-process}. */
public final class InProcessEngineModule extends AbstractModule {

    private final InProcessEngineSettings settings;

    public InProcessEngineModule(InProcessEngineSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    StreamingEngine engine(ProcessBatchUseCaseFactory pipeline, PipelineMetrics metrics) {
        return new InProcessEngine(settings, pipeline, metrics);
    }
}
