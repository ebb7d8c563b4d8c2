package dev.llmcost.render;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DisplayWidthTest {
    @Test
    void asciiAndNarrowScriptsTakeOneColumnEach() {
        assertEquals(0, DisplayWidth.of(""));
        assertEquals(11, DisplayWidth.of("gpt-4o-mini"));
        assertEquals(6, DisplayWidth.of("Ünïcødé".substring(1)));
        assertEquals(6, DisplayWidth.of("Привет"), "Cyrillic is narrow");
        assertEquals(1, DisplayWidth.of("ｶ"), "halfwidth katakana");
        assertEquals(1, DisplayWidth.of("─"), "ambiguous width counts as narrow");
    }

    @Test
    void eastAsianWideAndFullwidthTakeTwo() {
        assertEquals(6, DisplayWidth.of("日本語"));
        assertEquals(6, DisplayWidth.of("한국어"));
        assertEquals(8, DisplayWidth.of("プロジェクト".substring(2)));
        assertEquals(4, DisplayWidth.of("ＡＢ"), "fullwidth Latin");
        assertEquals(2, DisplayWidth.of("𠮷"), "a supplementary-plane ideograph is one code point, two columns");
        assertEquals(8, DisplayWidth.of("api-日本"));
    }

    @Test
    void combiningMarksJoinersAndSelectorsTakeNone() {
        assertEquals(1, DisplayWidth.of("e\u0301"), "e + combining acute");
        assertEquals(3, DisplayWidth.of("n\u0303a\u0308o"));
        assertEquals(2, DisplayWidth.of("a\u200bb"), "zero-width space");
        assertEquals(1, DisplayWidth.of("\u2764"), "a heart without VS16 is text");
    }

    @Test
    void emojiSequencesTakeTwo() {
        assertEquals(2, DisplayWidth.of("🎉"));
        assertEquals(2, DisplayWidth.of("\u2764\ufe0f"), "VS16 makes a text heart an emoji");
        assertEquals(2, DisplayWidth.of("\u231a\ufe0f"), "VS16 on an emoji already wide adds nothing");
        assertEquals(2, DisplayWidth.of("👍🏽"), "skin tone modifier");
        assertEquals(2, DisplayWidth.of("👨\u200d👩\u200d👧"), "ZWJ family");
        assertEquals(2, DisplayWidth.of("🇯🇵"), "regional indicator pair");
        assertEquals(4, DisplayWidth.of("🇯🇵🇫🇷"), "two flags");
        assertEquals(2, DisplayWidth.of("#\ufe0f\u20e3"), "keycap");
        assertEquals(8, DisplayWidth.of("tag 🎉🎉"));
    }

    @Test
    void tableColumnsLineUpWithWideCells() {
        TextTable table = new TextTable(List.of("Name", "Count"), new boolean[] {false, true});
        table.add(List.of("日本語", "1"));
        table.add(List.of("ascii", "22"));
        table.add(List.of("🎉x", "333"));
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out, true));
        List<String> lines = out.toString().lines().toList();
        assertEquals(List.of("Name    Count", "──────  ─────", "日本語      1", "ascii      22", "🎉x       333"), lines);
        for (String line : lines) {
            assertEquals(13, DisplayWidth.of(line), line);
        }
    }
}
