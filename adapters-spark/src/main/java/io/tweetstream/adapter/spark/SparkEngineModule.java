package io.tweetstream.adapter.spark;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.PipelineMetrics;

/**
 * The Spark engine's bindings. The engine lives on the driver; what executors need travels inside the
 * serializable in-port {@link ProcessBatchUseCaseFactory}. Declares bindings only; no Spark context is created here.
 */
public final class SparkEngineModule extends AbstractModule {

    private final SparkEngineSettings settings;

    public SparkEngineModule(SparkEngineSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    SparkEngineSettings settings() {
        return settings;
    }

    @Provides
    @Singleton
    StreamingEngine engine(SparkEngineSettings s, ProcessBatchUseCaseFactory pipeline, PipelineMetrics driverMetrics) {
        return new SparkStreamingEngine(s, pipeline, driverMetrics, null);
    }
}
