"use client";

import type { ComponentProps, ReactNode } from "react";
import type { Control, FieldPath, FieldValues } from "react-hook-form";
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { PasswordInput } from "@/components/ui/password-input";

type InputProps = Omit<ComponentProps<"input">, "name" | "value" | "defaultValue" | "onChange" | "onBlur">;

/** Label + input + hint + translated error for one react-hook-form text field. */
export function TextField<T extends FieldValues, O>({
  control,
  name,
  label,
  description,
  type = "text",
  ...input
}: {
  control: Control<T, unknown, O>;
  name: FieldPath<T>;
  label: string;
  description?: ReactNode;
} & InputProps) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            {type === "password" ? (
              <PasswordInput {...input} {...field} value={field.value ?? ""} data-testid={`input-${name}`} />
            ) : (
              <Input type={type} {...input} {...field} value={field.value ?? ""} data-testid={`input-${name}`} />
            )}
          </FormControl>
          {description && <FormDescription>{description}</FormDescription>}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}
