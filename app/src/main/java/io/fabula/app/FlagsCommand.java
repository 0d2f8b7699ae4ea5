package io.fabula.app;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import io.fabula.app.wiring.OperationsWiring;
import io.fabula.application.switches.HotSwitches;
import io.fabula.application.switches.Switch;
import io.fabula.application.switches.SwitchChange;
import io.fabula.application.switches.SwitchValues;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.JedisPooled;

/**
 * {@code flags get config.yml [NAME]} prints the switches as stored (and where the values come from);
 * {@code flags set config.yml NAME true|false [--reason WHY]} changes one like the admin API does: stored
 * with an audit entry (changed by {@code cli:<OS user>}), broadcast to every running process.
 * An unknown switch or a value other than true/false exits 1 and changes nothing.
 */
final class FlagsCommand extends ConfiguredCommand<FabulaConfiguration> {

    FlagsCommand() {
        super("flags", "Shows (get) or changes (set) the hot degrade switches of every running process");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("action").choices("get", "set").help("get: print the switches; set: change one");
        super.configure(subparser);
        subparser.addArgument("name").nargs("?").help("the switch, e.g. LLM_ENABLED");
        subparser.addArgument("value").nargs("?").help("true or false (set only)");
        subparser.addArgument("--reason").setDefault("set with the flags command").help("why (audited)");
    }

    @Override
    protected void run(Bootstrap<FabulaConfiguration> bootstrap, Namespace namespace, FabulaConfiguration config)
            throws Exception {
        String action = namespace.getString("action");
        String name = namespace.getString("name");
        String value = namespace.getString("value");
        // refuse bad input before connecting to anything
        Switch which = name == null ? null : SwitchValues.parseName(name);
        if (action.equals("set") && (which == null || value == null)) {
            throw new IllegalArgumentException("flags set needs a switch and a value: flags set config.yml LLM_ENABLED false");
        }
        Boolean enabled = value == null ? null : SwitchValues.parseValue(value);

        MetricRegistry metrics = new MetricRegistry();
        ManagedDataSource dataSource = config.postgres().dataSourceFactory().build(metrics, "postgres");
        dataSource.start();
        List<Managed> lifecycle = new ArrayList<>();
        try (JedisPooled redis = new JedisPooled(config.redis().host(), config.redis().port(), null,
                config.redis().password().isEmpty() ? null : config.redis().password())) {
            HotSwitches switches = OperationsWiring.hotSwitches(Jdbi.create(dataSource), redis, metrics,
                    config.switches(), lifecycle::add, System.getenv());
            switches.refresh();
            if (action.equals("get")) {
                System.out.println("source: " + switches.source());
                switches.states().forEach((each, on) -> {
                    if (which == null || which == each) {
                        System.out.println(each + "=" + on);
                    }
                });
                return;
            }
            String actor = "cli:" + System.getProperty("user.name", "unknown");
            SwitchChange change = switches.change(which, enabled, actor, namespace.getString("reason"));
            System.out.println(which + "=" + enabled + (change.changed() ? " (changed, broadcast)" : " (unchanged)"));
        } finally {
            dataSource.stop();
        }
    }
}
