package dogdorm.dealer.testkit;

import java.util.ArrayList;
import java.util.List;

/** What a test opened (servers, workers, peers), closed in reverse order: use with JUnit's {@code @AutoClose}. */
public final class Closer implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    public <T extends AutoCloseable> T keep(T t) {
        open.add(t);
        return t;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                if (first == null) first = e;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
