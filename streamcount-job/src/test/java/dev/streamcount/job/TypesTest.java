package dev.streamcount.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.count.DeadLetter;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.kafka.KafkaRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type on the data path is a Flink POJO: serialized field by field, never by Kryo. */
class TypesTest {
    @ParameterizedTest
    @ValueSource(classes = {WordCount.class, KafkaRecord.class, DeadLetter.class})
    void isAPojoNotAGenericType(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class).isNotInstanceOf(GenericTypeInfo.class);
    }
}
