package dev.ccag.gateway.usage;

/** {@link UsageSpoolTest} with every frame stored by a write call, as on a Java 21 runtime. */
class UsageSpoolWriteCallsTest extends UsageSpoolTest {
    @Override
    boolean mapped() {
        return false;
    }
}
