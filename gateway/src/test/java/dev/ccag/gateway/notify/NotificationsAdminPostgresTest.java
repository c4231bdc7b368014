package dev.ccag.gateway.notify;

import dev.ccag.gateway.admin.TestDatabase;

class NotificationsAdminPostgresTest extends NotificationsAdminTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
