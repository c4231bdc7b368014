package dev.ccag.gateway.budget;

import dev.ccag.gateway.admin.TestDatabase;

class BudgetApiH2Test extends BudgetApiTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
