package dev.ccag.gateway.notify;

import dev.ccag.gateway.admin.TestDatabase;

class NotificationDeliveryPostgresTest extends NotificationDeliveryTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
