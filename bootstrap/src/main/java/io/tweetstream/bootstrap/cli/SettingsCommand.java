package io.tweetstream.bootstrap.cli;

import io.tweetstream.bootstrap.config.SettingsReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints every setting (the application's, the sink plug-ins' on the class path, the pass-through prefixes). */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Print every setting with its default and meaning, as a Markdown table (the one in README.md).")
public final class SettingsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(SettingsReference.markdown());
        return ExitCodes.OK;
    }
}
