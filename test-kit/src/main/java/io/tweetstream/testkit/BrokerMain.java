package io.tweetstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The entry point of an embedded broker process: runs Kafka's own main class, and ends the process when the JVM
 * that started it is gone. The parent holds the child's standard input open; when the parent exits, for whatever
 * reason (a normal end, an exception, even {@code kill -9}), the pipe closes and this process deletes its data and
 * halts. So no broker outlives its test or demo, and nobody needs a shutdown hook for it.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    /** {@code args}: Kafka's main class, then its arguments. */
    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(BrokerMain::haltWhenParentIsGone, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    /** Then also deletes this node's directory (its working directory): nobody is left to do it. */
    private static void haltWhenParentIsGone() {
        InputStream in = System.in;
        try {
            while (in.read() != -1) {
                // the parent never writes: any byte is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same: the parent is gone
        }
        try {
            EmbeddedKafka.deleteRecursively(Path.of("").toAbsolutePath());
        } catch (RuntimeException e) {
            // best effort: the temporary directory is the operating system's to clean then
        }
        Runtime.getRuntime().halt(1);
    }
}
