// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Enjeu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "enjeu", targets: ["enjeu"]),
        .executable(name: "enjeu-core-bench", targets: ["EnjeuCoreBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(name: "EnjeuCore"),
        // Pages as plain values turned into HTML: no Vapor, no Fluent, so a view cannot query.
        .target(name: "EnjeuWeb", dependencies: ["EnjeuCore"], resources: [.copy("Catalogue")]),
        .target(
            name: "EnjeuApp",
            dependencies: [
                "EnjeuCore",
                "EnjeuWeb",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                // The mailer's TLS (smtps:// and STARTTLS).
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // /metrics in Prometheus text format (ENJEU_METRICS=1).
                .product(name: "Prometheus", package: "swift-prometheus"),
                // My data: the export written as one ZIP file, entry by entry from files on disk (bounded memory).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // Federation: SHA-256 digests, and RSA PKCS#1 v1.5 signatures as the fediverse signs requests.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Public"), .copy("Demo/World")]
        ),
        .executableTarget(name: "enjeu", dependencies: ["EnjeuApp"]),
        .executableTarget(name: "EnjeuCoreBench", dependencies: ["EnjeuCore"], path: "Benchmarks/CoreBench"),
        .testTarget(name: "EnjeuCoreTests", dependencies: ["EnjeuCore"]),
        .testTarget(name: "EnjeuWebTests", dependencies: ["EnjeuWeb"]),
        .testTarget(
            name: "EnjeuAppTests",
            dependencies: [
                "EnjeuApp",
                "EnjeuWeb",
                .product(name: "VaporTesting", package: "vapor"),
                // To open the exports' ZIP files.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
