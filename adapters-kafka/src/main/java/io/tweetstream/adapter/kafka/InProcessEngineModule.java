package io.tweetstream.adapter.kafka;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.application.port.out.StreamingEngine;
import io.tweetstream.application.service.ProcessBatchServiceFactory;

/** Binds the in-process engine (plain kafka-clients, no Spark): {@code engine=in-process}. */
public final class InProcessEngineModule extends AbstractModule {

    private final InProcessEngineSettings settings;

    public InProcessEngineModule(InProcessEngineSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    StreamingEngine engine(KafkaSettings kafka, ProcessBatchServiceFactory pipeline, PipelineMetrics metrics) {
        return new InProcessEngine(kafka, settings, pipeline, metrics);
    }
}
