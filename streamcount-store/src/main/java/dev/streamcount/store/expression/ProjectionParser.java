package dev.streamcount.store.expression;

import java.util.ArrayList;
import java.util.List;

/** Parses projection expressions: {@code path (',' path)*}. */
final class ProjectionParser extends TokenStream {
    ProjectionParser(String expression, ExpressionAttributes attributes) {
        super(expression, attributes);
    }

    Projection parse() {
        List<Path> paths = new ArrayList<>();
        do {
            if (!atPath()) {
                throw syntaxError();
            }
            Path path = parsePath();
            for (Path other : paths) {
                checkOverlap(other, path);
            }
            paths.add(path);
        } while (peek().isSymbol(",") && next() != null);
        expectEnd();
        errors.throwFirst();
        return new Projection(List.copyOf(paths));
    }
}
