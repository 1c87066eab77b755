import type { MetadataRoute } from "next";

/** Installable PWA: opens straight into the dashboard, full screen like a native app. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Smart Marketing Agent",
    short_name: "SMA",
    description: "Kenali pelanggan terbaik, sapa yang mulai menjauh, dan kirim pesan yang tepat lewat WhatsApp dan email.",
    lang: "id",
    dir: "ltr",
    start_url: "/dashboard",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#fbf9f4",
    theme_color: "#3b3ab0",
    categories: ["business", "productivity"],
    icons: [
      { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
