package io.tweetstream.archfixture.adapter.avro;

/** Fixture: a clean adapter. */
public class AvroAdapter {
    public String name() {
        return "avro";
    }
}
