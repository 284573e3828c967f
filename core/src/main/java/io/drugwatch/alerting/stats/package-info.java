/**
 * The statistics behind the alert rules, as plain functions of numbers: predictive count tests, the
 * wastewater level-shift test and the combination of plants. No Kafka, no domain types, so each can be
 * checked against R (see {@code RCrossCheckTest}).
 */
package io.drugwatch.alerting.stats;
