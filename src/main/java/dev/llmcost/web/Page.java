package dev.llmcost.web;

import dev.llmcost.render.HtmlReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The dashboard: one page with its styles and scripts inline (no network but its own /api/). */
final class Page {
    private Page() {
    }

    static String html() {
        try (InputStream in = Page.class.getResourceAsStream("dashboard.html")) {
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return template.replace("/*STYLE*/", HtmlReport.style()).replace("/*CHARTS*/", HtmlReport.script());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
