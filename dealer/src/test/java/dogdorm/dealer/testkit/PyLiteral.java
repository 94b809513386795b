package dogdorm.dealer.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Python literals of P2PD's settings text (dicts, lists, quoted strings, integers, None and bare names
 * such as UDP or IP4, which are kept as strings): enough to check {@code /legacy} parses back.
 */
public final class PyLiteral {
    private final String s;
    private int i;

    private PyLiteral(String s) {
        this.s = s;
    }

    /** {@code NAME = literal} assignments of a settings text, by name. */
    public static Map<String, Object> assignments(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        PyLiteral p = new PyLiteral(text);
        p.space();
        while (p.i < p.s.length()) {
            String name = p.name();
            p.space();
            p.expect('=');
            out.put(name, p.value());
            p.space();
        }
        return out;
    }

    private Object value() {
        space();
        char c = s.charAt(i);
        if (c == '{') {
            i++;
            Map<Object, Object> m = new LinkedHashMap<>();
            space();
            if (s.charAt(i) == '}') {
                i++;
                return m;
            }
            while (true) {
                Object k = value();
                space();
                expect(':');
                m.put(k, value());
                space();
                if (s.charAt(i) == ',') {
                    i++;
                    continue;
                }
                expect('}');
                return m;
            }
        }
        if (c == '[') {
            i++;
            List<Object> l = new ArrayList<>();
            space();
            if (s.charAt(i) == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value());
                space();
                if (s.charAt(i) == ',') {
                    i++;
                    continue;
                }
                expect(']');
                return l;
            }
        }
        if (c == '\'') {
            StringBuilder b = new StringBuilder();
            i++;
            while (s.charAt(i) != '\'') {
                if (s.charAt(i) == '\\') {
                    i++;
                }
                b.append(s.charAt(i++));
            }
            i++;
            return b.toString();
        }
        if (Character.isDigit(c) || c == '-') {
            int start = i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            return Long.parseLong(s.substring(start, i));
        }
        String n = name();
        return n.equals("None") ? null : "<" + n + ">";
    }

    private String name() {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
        if (start == i) {
            throw new IllegalArgumentException("unexpected '" + s.charAt(i) + "' at " + i);
        }
        return s.substring(start, i);
    }

    private void space() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i + " but found '" + s.charAt(i) + "'");
        }
        i++;
    }
}
