// embed-fixture
