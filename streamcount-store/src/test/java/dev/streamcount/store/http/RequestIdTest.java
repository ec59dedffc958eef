package dev.streamcount.store.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Request ids look like DynamoDB's: 52 characters of A-Z and 0-9, different every time. */
class RequestIdTest {

    @Test
    void fiftyTwoUpperCaseLettersAndDigits() {
        Set<String> seen = new HashSet<>();
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = DynamoDbHandler.requestId();
            assertThat(id).hasSize(52).matches("[A-Z0-9]{52}");
            seen.add(id);
            id.chars().forEach(c -> used.add((char) c));
        }
        assertThat(seen).hasSize(1000);
        // Every character of the alphabet turns up, the last ones of each chunk included.
        assertThat(used).hasSize(36);
    }
}
