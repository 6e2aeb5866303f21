package io.tweetstream.archfixture.adapter.file;

/** Fixture: a clean adapter. */
public class FileAdapter {
    public String name() {
        return "file";
    }
}
