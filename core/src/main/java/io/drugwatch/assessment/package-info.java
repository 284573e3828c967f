/**
 * The county assessment (考核) of issue 12 in plain Java: the six indicators 破抓缴查收戒, assessment
 * periods, year-on-year change, report sentences, ranking, the treatment ledger and the designation
 * lifecycle. No Kafka types: the topology feeds these types and publishes what they return.
 *
 * <p>Case ids and person references are the inputs' keys and stay inside the per-case and per-person
 * state ({@link io.drugwatch.assessment.CaseFile}, {@link io.drugwatch.assessment.PersonHistory}); every
 * output type carries counts only.
 */
package io.drugwatch.assessment;
