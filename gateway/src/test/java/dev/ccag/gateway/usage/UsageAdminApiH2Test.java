package dev.ccag.gateway.usage;

import dev.ccag.gateway.admin.TestDatabase;

class UsageAdminApiH2Test extends UsageAdminApiTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
