package io.tweetstream.adapter.inprocess;

import io.tweetstream.adapter.kafka.StreamingEngineContract;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.PipelineMetrics;

/** The in-process engine holds to the engine contract. */
class InProcessEngineContractIT extends StreamingEngineContract {

    @Override
    protected StreamingEngine newEngine(String inputTopic, String groupId, ProcessBatchUseCaseFactory pipeline,
                                        PipelineMetrics metrics) {
        return new InProcessEngine(InProcessEngineSettings.of(kafka.bootstrapServers(), inputTopic, groupId),
                pipeline, metrics);
    }
}
