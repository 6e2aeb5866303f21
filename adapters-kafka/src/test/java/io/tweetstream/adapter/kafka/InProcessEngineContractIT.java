package io.tweetstream.adapter.kafka;

import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.application.port.out.StreamingEngine;
import io.tweetstream.application.service.ProcessBatchServiceFactory;

/** The in-process engine holds to the engine contract. */
class InProcessEngineContractIT extends StreamingEngineContract {

    @Override
    protected StreamingEngine newEngine(String inputTopic, String groupId, ProcessBatchServiceFactory pipeline,
                                        PipelineMetrics metrics) {
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers(), inputTopic, inputTopic + "-unused-out");
        return new InProcessEngine(settings, InProcessEngineSettings.of(groupId), pipeline, metrics);
    }
}
