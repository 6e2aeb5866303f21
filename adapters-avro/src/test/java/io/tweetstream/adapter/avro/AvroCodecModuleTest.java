package io.tweetstream.adapter.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.google.inject.Binding;
import com.google.inject.Key;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.InstanceBinding;
import com.google.inject.spi.ProviderInstanceBinding;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.domain.Tweet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The module's bindings (read through Guice's SPI, no injector), and the factory that travels to executors. */
class AvroCodecModuleTest {

    private static final Tweet TWEET = new Tweet("ANY_USER_1", "ANY_TEXT_1", 1234L);

    @Test
    void bindsTheNamedCodecsFactoryAndACodecFromIt() {
        AvroCodecModule module = new AvroCodecModule("binary");

        List<Element> bindings = Elements.getElements(module);

        assertThat(bindings).hasSize(2);
        assertThat(bindingOf(bindings, TweetCodecFactory.class))
                .isInstanceOfSatisfying(InstanceBinding.class,
                        binding -> assertThat(binding.getInstance()).isSameAs(AvroCodecs.factory("binary")));
        assertThat(bindingOf(bindings, TweetCodec.class)).isInstanceOf(ProviderInstanceBinding.class);
    }

    @Test
    void theCodecComesFromTheBoundFactory() {
        AvroCodecModule module = new AvroCodecModule("single-object");

        TweetCodec codec = module.codec(AvroCodecs.factory("single-object"));

        assertThat(codec).isInstanceOf(SingleObjectTweetCodec.class);
        assertThat(codec.decode(codec.encode(TWEET))).isEqualTo(DecodeResult.success(TWEET));
    }

    @Test
    void theDefaultIsBinary() {
        assertThat(AvroCodecs.factory(AvroCodecs.DEFAULT).create()).isInstanceOf(BinaryTweetCodec.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "Binary", "", " binary"})
    @NullSource
    void anUnknownNameIsRejectedWithTheAcceptedOnes(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> new AvroCodecModule(name))
                .withMessageContaining("codec")
                .withMessageContaining(name == null ? "null" : "'" + name + "'")
                .withMessageContaining("binary, single-object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary", "single-object"})
    void theFactorySurvivesJavaSerialization(String name) throws Exception {
        TweetCodecFactory shipped = javaRoundTrip(AvroCodecs.factory(name));

        TweetCodec codec = shipped.create();
        assertThat(codec.decode(codec.encode(TWEET))).isEqualTo(DecodeResult.success(TWEET));
        assertThat(codec).isInstanceOf(AvroCodecs.factory(name).create().getClass());
    }

    private static Binding<?> bindingOf(List<Element> elements, Class<?> type) {
        return elements.stream()
                .filter(Binding.class::isInstance)
                .map(Binding.class::cast)
                .filter(binding -> binding.getKey().equals(Key.get(type)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no binding of " + type.getName()));
    }

    private static TweetCodecFactory javaRoundTrip(TweetCodecFactory factory) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (TweetCodecFactory) in.readObject();
        }
    }
}
