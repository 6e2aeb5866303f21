package io.tweetstream.adapter.spark;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.application.port.out.StreamingEngine;
import io.tweetstream.application.service.ProcessBatchServiceFactory;

/**
 * The Spark engine's bindings. The engine lives on the driver; what executors need travels inside the
 * serializable {@link ProcessBatchServiceFactory}. Declares bindings only; no Spark context is created here.
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
    StreamingEngine engine(SparkEngineSettings s, ProcessBatchServiceFactory pipeline, PipelineMetrics driverMetrics) {
        return new SparkStreamingEngine(s, pipeline, driverMetrics, null);
    }
}
