package io.tweetstream.bootstrap.demo;

import io.tweetstream.bootstrap.lifecycle.ProcessLifecycle;
import io.tweetstream.testkit.EmbeddedKafka;

/**
 * The demo's embedded broker, from the test kit. The only production class that touches the test kit, and kept
 * apart from the CLI's classes: the test kit is not in the spark-submit jar, and picocli inspects every command's
 * methods, so no command may name a test-kit type.
 */
public final class DemoBroker {

    private DemoBroker() {
    }

    /** Starts a broker, has the lifecycle close it last, and returns its {@code bootstrap.servers}. */
    public static String start(ProcessLifecycle lifecycle) {
        EmbeddedKafka embedded = EmbeddedKafka.start();
        lifecycle.closeAtEnd(() -> {
            embedded.close();
            System.out.println("embedded broker stopped, its data deleted");
        });
        System.out.printf("embedded broker ready at %s in %.1f s%n", embedded.bootstrapServers(),
                embedded.startupTime().toMillis() / 1000.0);
        return embedded.bootstrapServers();
    }
}
