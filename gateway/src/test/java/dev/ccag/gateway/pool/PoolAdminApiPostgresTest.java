package dev.ccag.gateway.pool;

import dev.ccag.gateway.admin.TestDatabase;

class PoolAdminApiPostgresTest extends PoolAdminApiTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
