package dev.ccag.gateway.notify;

import dev.ccag.gateway.admin.TestDatabase;

class NotificationDeliveryH2Test extends NotificationDeliveryTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
