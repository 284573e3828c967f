package io.drugwatch.config;

/** One documented drugwatch setting: the key in the properties file, its default and what it does. */
public record Setting(String key, String defaultValue, String doc) {}
