package dev.ccag.gateway.notify;

import dev.ccag.gateway.admin.TestDatabase;

class NotificationsAdminH2Test extends NotificationsAdminTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
