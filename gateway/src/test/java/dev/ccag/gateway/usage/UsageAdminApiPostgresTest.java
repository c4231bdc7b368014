package dev.ccag.gateway.usage;

import dev.ccag.gateway.admin.TestDatabase;

class UsageAdminApiPostgresTest extends UsageAdminApiTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
