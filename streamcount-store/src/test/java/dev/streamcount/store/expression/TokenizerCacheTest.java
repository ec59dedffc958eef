package dev.streamcount.store.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tokens of an expression are kept by its text; errors are not. */
class TokenizerCacheTest {

    @Test
    void theSameExpressionGivesTheSameImmutableTokens() {
        String fence = "attribute_not_exists(#c) OR #c <= :n";
        List<Token> first = Tokenizer.tokenize(fence);
        assertThat(Tokenizer.tokenize(new String(fence))).isSameAs(first);
        assertThat(first)
                .extracting(Token::text)
                .containsExactly(
                        "attribute_not_exists", "(", "#c", ")", "OR", "#c", "<=", ":n", "");
        assertThatThrownBy(() -> first.add(first.get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSyntaxErrorIsReportedEveryTime() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> Tokenizer.tokenize("a = $b"))
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("$");
        }
    }

    @Test
    void theCacheStaysBounded() {
        for (int i = 0; i < Tokenizer.CACHE_LIMIT + 10; i++) {
            assertThat(Tokenizer.tokenize("a = :v" + i)).hasSize(4);
        }
        String kept = "b = :kept";
        assertThat(Tokenizer.tokenize(kept)).isSameAs(Tokenizer.tokenize(kept));
    }

    @Test
    void anExpressionOver4KbIsRefusedBeforeItIsParsed() {
        // 4,096 bytes pass; one more is DynamoDB's limit. Deep nesting is what a longer one buys.
        String atLimit = "a = :v" + " ".repeat(Tokenizer.MAX_EXPRESSION_BYTES - 6);
        assertThat(Tokenizer.tokenize(atLimit)).hasSize(4);
        String nested = "NOT ".repeat(1_000_000) + "a = :v";
        assertThatThrownBy(() -> Tokenizer.tokenize(nested))
                .isInstanceOf(ExpressionException.class)
                .hasMessage(
                        "Expression size has exceeded the maximum allowed size; expression size:"
                                + " 4000006");
    }
}
