package dev.containersec.runtime.internal.rules;

import dev.containersec.runtime.internal.rules.Ast.FieldRef;
import dev.containersec.runtime.internal.rules.Ast.Lhs;
import dev.containersec.runtime.internal.rules.Ast.Transform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule's output format, compiled: literal text and {@code %field} placeholders (with arguments,
 * {@code %proc.aname[2]}, and transformers, {@code %toupper(user.name)}). Unset fields render as
 * {@code <NA>}, as in Falco.
 */
final class OutputFormat {

    private final List<Object> segments;
    private final List<FieldSpec> fields;

    private OutputFormat(List<Object> segments, List<FieldSpec> fields) {
        this.segments = segments;
        this.fields = fields;
    }

    /**
     * Compiles a format.
     *
     * @throws RuleCompileException naming an unknown field
     */
    static OutputFormat compile(String format) {
        List<Object> segments = new ArrayList<>();
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length() || !ConditionParser.isIdentStart(format.charAt(i + 1))) {
                text.append(c);
                i++;
                continue;
            }
            int start = i + 1;
            int j = start;
            while (j < format.length() && (ConditionParser.isIdentChar(format.charAt(j)) || format.charAt(j) == '.')) {
                j++;
            }
            // A trailing dot ends the sentence, not the field name.
            while (j > start && format.charAt(j - 1) == '.') {
                j--;
            }
            String name = format.substring(start, j);
            Lhs lhs;
            if (j < format.length() && format.charAt(j) == '(' && ConditionParser.TRANSFORMERS.contains(name)) {
                int close = format.indexOf(')', j);
                if (close < 0) {
                    throw new RuleCompileException("unterminated transformer in output: %" + format.substring(start));
                }
                String inner = format.substring(j + 1, close).trim();
                lhs = new Transform(name, fieldRef(inner));
                j = close + 1;
            } else if (j < format.length() && format.charAt(j) == '[') {
                int close = format.indexOf(']', j);
                if (close < 0) {
                    throw new RuleCompileException("unterminated field argument in output: %" + format.substring(start));
                }
                lhs = new FieldRef(name, format.substring(j + 1, close));
                j = close + 1;
            } else {
                lhs = new FieldRef(name, "");
            }
            FieldSpec spec = Compiler.lhs(lhs);
            if (text.length() > 0) {
                segments.add(text.toString());
                text.setLength(0);
            }
            segments.add(spec);
            fields.putIfAbsent(spec.display(), spec);
            i = j;
        }
        if (text.length() > 0) {
            segments.add(text.toString());
        }
        return new OutputFormat(List.copyOf(segments), List.copyOf(fields.values()));
    }

    private static FieldRef fieldRef(String text) {
        int bracket = text.indexOf('[');
        if (bracket > 0 && text.endsWith("]")) {
            return new FieldRef(text.substring(0, bracket), text.substring(bracket + 1, text.length() - 1));
        }
        return new FieldRef(text, "");
    }

    String render(EventView v) {
        StringBuilder out = new StringBuilder(64);
        for (Object s : segments) {
            if (s instanceof String text) {
                out.append(text);
            } else {
                String value = ((FieldSpec) s).str().get(v);
                out.append(value == null ? "<NA>" : value);
            }
        }
        return out.toString();
    }

    Map<String, Optional<Object>> fields(EventView v) {
        Map<String, Optional<Object>> out = new LinkedHashMap<>();
        for (FieldSpec f : fields) {
            out.put(f.display(), Optional.ofNullable(f.typedValue(v)));
        }
        return out;
    }
}
