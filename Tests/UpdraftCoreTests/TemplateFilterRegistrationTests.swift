import Testing
@testable import UpdraftCore

@Suite("Template filter registration")
struct TemplateFilterRegistrationTests {
    /// Every name `validate` accepts must be a filter Stencil finds when rendering.
    @Test(arguments: TemplateFilters.names.sorted())
    func acceptedFilterIsRegistered(name: String) {
        let result = TemplateFixture.render("{{ logical_date | \(name) }}")
        #expect(!result.lowercased().contains("unknown filter"), "\(name): \(result)")
    }

    @Test func internalFiltersAreNotUserVisible() {
        for name in [TemplateFilters.render, "__ds_add", "__ds_format", "__strftime"] {
            #expect(!TemplateFilters.names.contains(name))
            #expect(TemplateRenderer.validate("{{ ds | \(name) }}").first?.code == .unknownFilter)
        }
    }
}
