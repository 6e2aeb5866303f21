package io.tweetstream.archfixture.domain;

/** Fixture: a clean domain class. */
public record DomainModel(String value) {
}
