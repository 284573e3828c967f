/**
 * What the settings of every part share: a documented setting, and the nearest known key to a
 * mistyped one. A package of its own, so that {@code config} (which builds the alert settings) and
 * {@code alerting} (which defines them) both use it without depending on each other.
 */
package io.drugwatch.settings;
