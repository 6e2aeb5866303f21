package io.tweetstream.domain.parallelism;


/** How many parallel tasks process the records once read: a fixed number, or as many as there are readers. */
public sealed interface ProcessingParallelism {

    String SAME_AS_READ = "same-as-read";

    /** Process where the records were read: no shuffle. */
    record SameAsRead() implements ProcessingParallelism {
        @Override
        public String toString() {
            return SAME_AS_READ;
        }
    }

    record Fixed(int tasks) implements ProcessingParallelism {
        public Fixed {
            if (tasks <= 0) {
                throw new IllegalArgumentException(
                        "must be a positive integer or '" + SAME_AS_READ + "', got '" + tasks + "'");
            }
        }

        @Override
        public String toString() {
            return Integer.toString(tasks);
        }
    }

    static ProcessingParallelism sameAsRead() {
        return new SameAsRead();
    }

    static ProcessingParallelism fixed(int tasks) {
        return new Fixed(tasks);
    }

    /** Parses {@code same-as-read} or a positive integer; the message names the accepted values. */
    static ProcessingParallelism parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.equalsIgnoreCase(SAME_AS_READ)) {
            return sameAsRead();
        }
        try {
            return fixed(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "must be a positive integer or '" + SAME_AS_READ + "', got '" + value + "'", e);
        }
    }
}
