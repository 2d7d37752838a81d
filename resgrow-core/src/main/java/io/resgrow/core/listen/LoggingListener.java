package io.resgrow.core.listen;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs events and epochs at INFO and the final report's summary, through SLF4J. */
public final class LoggingListener implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.resgrow.train");

    @Override
    public void onEpoch(EpochRecord record) {
        LOG.info("{}", record);
    }

    @Override
    public void onEvent(RunEvent event) {
        LOG.info("{}", event);
    }

    @Override
    public void onEnd(TrainingReport report) {
        LOG.info(
                "done: {} test accuracy {} in {} s",
                report.strategy(),
                report.testAccuracy(),
                String.format("%.1f", report.seconds()));
    }
}
