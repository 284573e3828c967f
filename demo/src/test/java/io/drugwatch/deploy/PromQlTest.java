package io.drugwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsOfAnExpression() {
        assertThat(PromQl.metricNames("sum by (topic) (rate(drugwatch_accepted_total[$__rate_interval]))"))
                .containsExactly("drugwatch_accepted_total");
        assertThat(
                        PromQl.metricNames(
                                "sum by (rule, severity) (increase(drugwatch_alerts_total{status=\"OPEN\", rule=~\"a|b\"}[1h]))"))
                .containsExactly("drugwatch_alerts_total");
        assertThat(PromQl.metricNames("sum(jvm_memory_max_bytes{area=\"heap\"} > 0)"))
                .containsExactly("jvm_memory_max_bytes");
    }

    @Test
    void findsEveryOperandAndSkipsKeywordsNumbersAndLabels() {
        assertThat(PromQl.metricNames("rate(a_sum[5m] offset 1h) / on (instance) group_left(job) rate(a_count[5m])"
                        + " > bool 0.5 unless absent(up) and b:recorded * 1e3"))
                .containsExactly("a_count", "a_sum", "b:recorded", "up");
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum without (pod) (rate(x_bucket{le!=\"+Inf\"}[5m])))"))
                .containsExactly("x_bucket");
        assertThat(PromQl.metricNames("label_replace(up, \"to\", \"$1\", \"from\", \"(.*)\")"))
                .containsExactly("up");
    }
}
