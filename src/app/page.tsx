import { ClosingCta } from "@/components/landing/closing-cta";
import { Hero } from "@/components/landing/hero";
import { HowItWorks } from "@/components/landing/how-it-works";
import { LandingHeader } from "@/components/landing/landing-header";
import { Questions } from "@/components/landing/questions";
import { RfmExplainer } from "@/components/landing/rfm-explainer";

/** Public landing page: what the product does, in plain Indonesian, and the way in. */
export default function LandingPage() {
  return (
    <>
      <LandingHeader />
      <main>
        <Hero />
        <Questions />
        <RfmExplainer />
        <HowItWorks />
        <ClosingCta />
      </main>
    </>
  );
}
