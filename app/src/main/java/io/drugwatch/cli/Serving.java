package io.drugwatch.cli;

import io.drugwatch.api.DrugwatchApi;
import io.drugwatch.api.HttpPortInUseException;
import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.runtime.LiveFeed;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** The HTTP API of a running pipeline and the live feed behind its event stream. */
final class Serving implements AutoCloseable {

    private final DrugwatchApi api;
    private final LiveFeed feed;

    private Serving(DrugwatchApi api, LiveFeed feed) {
        this.api = api;
        this.feed = feed;
    }

    /** @param portFlag the option that sets the port, named in the error when it is taken */
    static Serving start(DrugwatchConfig config, PipelineRunner runner, Topics topics, String portFlag) {
        DrugwatchApi api;
        try {
            api = DrugwatchApi.start(config, runner.streams(), runner::metrics);
        } catch (HttpPortInUseException e) {
            throw new Main.CommandFailure(e.getMessage() + "; choose another with " + portFlag);
        }
        Map<String, Topic<String, ? extends SpecificRecord>> live = new LinkedHashMap<>();
        live.put("indicator", topics.countyIndicators());
        live.put("region", topics.regionIndicators());
        live.put("alert", topics.alerts());
        LiveFeed feed = new LiveFeed(ClientProperties.consumer(config), live, api::publish);
        return new Serving(api, feed);
    }

    String url() {
        return api.url();
    }

    @Override
    public void close() {
        feed.close();
        api.close();
    }
}
