package dev.streamcount.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountCommittableTest {
    @Test
    void serializerRoundTripsWordsOfAnyScriptAndSize() throws Exception {
        CountCommittable c =
                new CountCommittable(
                        3,
                        new String[] {"hello", "straße", "東京", "🍵x", "a".repeat(2048)},
                        new long[] {1, 42, Long.MAX_VALUE, 0, 7});
        CountCommittable.Serializer s = new CountCommittable.Serializer();
        CountCommittable back = s.deserialize(s.getVersion(), s.serialize(c));
        assertThat(back).isEqualTo(c);
        assertThat(back.subtask()).isEqualTo(3);
        assertThat(back.word(2)).isEqualTo("東京");
        assertThat(back.total(2)).isEqualTo(Long.MAX_VALUE);
    }
}
