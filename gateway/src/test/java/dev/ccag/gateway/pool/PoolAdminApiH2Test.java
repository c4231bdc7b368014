package dev.ccag.gateway.pool;

import dev.ccag.gateway.admin.TestDatabase;

class PoolAdminApiH2Test extends PoolAdminApiTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
