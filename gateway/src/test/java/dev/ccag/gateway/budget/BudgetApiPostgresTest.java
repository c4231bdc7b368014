package dev.ccag.gateway.budget;

import dev.ccag.gateway.admin.TestDatabase;

class BudgetApiPostgresTest extends BudgetApiTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
